{{%AUTOESCAPE context="HTML"}}{{>NAV}}
<section class="card wide">
<h1>{{T_ADMIN_API_KEYS_HEADING}}</h1>
<p class="muted">{{T_ADMIN_API_KEYS_INTRO}}</p>
{{#ERROR}}<p class="error" role="alert">{{ALERT_TEXT}}</p>{{/ERROR}}
{{#NOTICE_ALERT}}<p class="notice" role="alert">{{ALERT_TEXT}}</p>{{/NOTICE_ALERT}}
{{#NEW_KEY}}<div class="notice api-key-new"><p>{{T_ADMIN_API_KEYS_SHOWN_ONCE}} <strong>{{KEY_NAME}}</strong></p>
<p><code id="new-api-key">{{KEY}}</code></p></div>{{/NEW_KEY}}
{{#NO_KEYS}}<p class="muted">{{T_ADMIN_API_KEYS_EMPTY}}</p>{{/NO_KEYS}}
<table class="api-keys">
<thead><tr><th>{{T_ADMIN_API_KEYS_NAME}}</th><th>{{T_ADMIN_API_KEYS_KEY}}</th><th>{{T_ADMIN_API_KEYS_SCOPES}}</th><th>{{T_ADMIN_API_KEYS_CREATED}}</th><th>{{T_ADMIN_API_KEYS_EXPIRES}}</th><th>{{T_ADMIN_API_KEYS_LAST_USED}}</th><th>{{T_ADMIN_API_KEYS_STATE}}</th><th></th></tr></thead>
<tbody>{{#KEY_ROW}}<tr id="api-key-{{ID}}"><td>{{NAME}}</td><td><code>{{PREFIX}}…</code></td><td>{{SCOPES}}</td><td>{{CREATED}}</td><td>{{EXPIRES}}</td><td class="last-used">{{LAST_USED}}</td><td class="state">{{STATE}}</td>
<td>{{#REVOKE}}<form class="inline" method="post" action="{{REVOKE_ACTION}}"><input type="hidden" name="_dp_csrf_token" value="{{CSRF}}"><button type="submit" class="small secondary">{{T_ADMIN_API_KEYS_REVOKE}}</button></form>{{/REVOKE}}</td></tr>
{{/KEY_ROW}}</tbody>
</table>
</section>
<section class="card narrow admin-create">
<h2>{{T_ADMIN_API_KEYS_CREATE_HEADING}}</h2>
<form method="post" action="/admin/api-keys">
  <input type="hidden" name="_dp_csrf_token" value="{{CSRF}}">
  <label>{{T_ADMIN_API_KEYS_NAME}}<input type="text" name="name" value="{{NAME_VALUE}}" required maxlength="100"></label>
  <fieldset><legend>{{T_ADMIN_API_KEYS_SCOPES}}</legend>
  {{#SCOPE_OPTION}}<label class="check"><input type="checkbox" name="scopes" value="{{SCOPE}}"{{#CHECKED}} checked{{/CHECKED}}> <code>{{SCOPE}}</code></label>
  {{/SCOPE_OPTION}}</fieldset>
  <label>{{T_ADMIN_API_KEYS_EXPIRES_DAYS}}<input type="number" name="expires_days" value="{{DAYS_VALUE}}" min="1" max="3650"></label>
  <button type="submit">{{T_ADMIN_API_KEYS_CREATE}}</button>
</form>
</section>
