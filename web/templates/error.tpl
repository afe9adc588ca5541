{{%AUTOESCAPE context="HTML"}}<section class="error">
<h1>{{HEADING}}</h1>
{{#MESSAGE}}<p>{{MESSAGE}}</p>{{/MESSAGE}}
<p><a href="/">{{T_ERROR_BACK_HOME}}</a></p>
</section>
