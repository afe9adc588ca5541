{{%AUTOESCAPE context="HTML"}}<section class="card narrow">
<h1>{{HEADING}}</h1>
<p><a href="{{ARTICLE_URL}}">{{T_ENGAGE_COMMENTS_BACK}}</a></p>
{{>FORM}}
</section>
