{{%AUTOESCAPE context="HTML"}}<article class="article">
<h1>{{T_COOKIES_HEADING}}</h1>
<p>{{T_COOKIES_INTRO}}</p>
{{#CHOICE}}<section class="cookie-settings" id="cookie-settings" aria-labelledby="cookie-settings-heading">
<h2 id="cookie-settings-heading">{{T_NAV_COOKIE_SETTINGS}}</h2>
<p class="consent-state">{{CURRENT}}</p>
<p>{{T_COOKIES_CHANGE_HINT}}</p>
<form method="post" action="/cookie-consent">
<input type="hidden" name="_dp_csrf_token" value="{{CSRF}}"><input type="hidden" name="return_to" value="/cookies">
<button type="submit" name="choice" value="all"{{#ACCEPTED}} aria-pressed="true"{{/ACCEPTED}}>{{T_CONSENT_ACCEPT}}</button> <button type="submit" name="choice" value="essential" class="secondary"{{#DECLINED}} aria-pressed="true"{{/DECLINED}}>{{T_CONSENT_ESSENTIAL}}</button>
</form>
</section>{{/CHOICE}}
{{#MODE}}<p class="cookie-mode">{{MODE_TEXT}}</p>{{/MODE}}
<p>{{T_COOKIES_TABLE_INTRO}}</p>
<table class="cookies">
<thead><tr><th>{{T_COOKIES_COL_NAME}}</th><th>{{T_COOKIES_COL_DESCRIPTION}}</th><th>{{T_COOKIES_COL_TYPE}}</th><th>{{T_COOKIES_COL_APPLIES}}</th></tr></thead>
<tbody>
{{#ROW}}<tr><td>{{#NAME}}<code>{{COOKIE}}</code>{{#NAME_separator}} {{/NAME_separator}}{{/NAME}}</td><td>{{PURPOSE}}</td><td>{{TYPE}}</td><td>{{APPLIES}}</td></tr>
{{/ROW}}</tbody>
</table>
<h2>{{T_COOKIES_RETENTION_HEADING}}</h2>
<p class="retention">{{RETENTION_TEXT}}</p>
</article>
