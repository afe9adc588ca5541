{{%AUTOESCAPE context="HTML"}}<section class="comments" id="comments" aria-labelledby="comments-heading">
<h2 id="comments-heading">{{COUNT_TEXT}}</h2>
{{#NONE}}<p class="muted">{{T_ENGAGE_COMMENTS_NONE}}</p>{{/NONE}}
{{#COMMENT}}<article class="comment{{#PENDING}} pending{{/PENDING}}" id="comment-{{ID}}">
  <p class="comment-meta"><strong>{{NAME}}</strong> · {{DATE}}{{#PENDING}} · <span class="badge">{{T_ENGAGE_COMMENTS_PENDING}}</span>{{/PENDING}}</p>
  <p class="comment-body">{{BODY}}</p>
</article>
{{/COMMENT}}
{{>FORM}}
</section>
