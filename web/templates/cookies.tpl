{{%AUTOESCAPE context="HTML"}}<article class="article">
<h1>{{T_COOKIES_HEADING}}</h1>
<p>{{T_COOKIES_INTRO}}</p>
<p>{{T_COOKIES_TABLE_INTRO}}</p>
<table class="cookies">
<thead><tr><th>{{T_COOKIES_COL_NAME}}</th><th>{{T_COOKIES_COL_DESCRIPTION}}</th><th>{{T_COOKIES_COL_TYPE}}</th><th>{{T_COOKIES_COL_APPLIES}}</th></tr></thead>
<tbody>
{{#ROW}}<tr><td>{{#NAME}}<code>{{COOKIE}}</code>{{#NAME_separator}} {{/NAME_separator}}{{/NAME}}</td><td>{{PURPOSE}}</td><td>{{TYPE}}</td><td>{{APPLIES}}</td></tr>
{{/ROW}}</tbody>
</table>
</article>
