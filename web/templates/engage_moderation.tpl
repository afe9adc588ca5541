{{%AUTOESCAPE context="HTML"}}<section class="card wide">
<h1>{{HEADING}}</h1>
<p class="muted">{{COUNT_TEXT}}</p>
{{#EMPTY}}<p>{{T_ENGAGE_MODERATION_EMPTY}}</p>{{/EMPTY}}
{{#ROWS}}<table class="admin-table moderation">
<thead><tr><th>{{T_ENGAGE_MODERATION_ARTICLE}}</th><th>{{T_ENGAGE_MODERATION_AUTHOR}}</th><th>{{T_ENGAGE_MODERATION_COMMENT}}</th><th></th></tr></thead>
<tbody>
{{#COMMENT}}<tr id="comment-{{ID}}">
  <td><a href="{{ARTICLE_URL}}">{{ARTICLE_TITLE}}</a></td>
  <td>{{NAME}}<br><span class="muted">{{EMAIL}}</span><br><span class="muted">{{DATE}}</span></td>
  <td class="comment-body">{{BODY}}</td>
  <td class="actions">
    <form method="post" action="/agent/comments/{{ID}}/approve"><input type="hidden" name="_dp_csrf_token" value="{{CSRF}}"><button type="submit" class="small">{{T_ENGAGE_MODERATION_APPROVE}}</button></form>
    <form method="post" action="/agent/comments/{{ID}}/reject"><input type="hidden" name="_dp_csrf_token" value="{{CSRF}}"><button type="submit" class="small secondary">{{T_ENGAGE_MODERATION_REJECT}}</button></form>
  </td>
</tr>
{{/COMMENT}}
</tbody>
</table>{{/ROWS}}
{{#PAGER}}<nav class="pager">{{#PREV}}<a href="/agent/comments?page={{PAGE}}">{{T_ENGAGE_MODERATION_PREV}}</a>{{/PREV}} {{#NEXT}}<a href="/agent/comments?page={{PAGE}}">{{T_ENGAGE_MODERATION_NEXT}}</a>{{/NEXT}}</nav>{{/PAGER}}
</section>
