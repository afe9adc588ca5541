{{%AUTOESCAPE context="HTML"}}{{>NAV}}
<section class="card wide">
<h1>{{T_ADMIN_WEBHOOKS_HEADING}}</h1>
<p class="muted">{{T_ADMIN_WEBHOOKS_INTRO}}</p>
{{#ERROR}}<p class="error" role="alert">{{ALERT_TEXT}}</p>{{/ERROR}}
{{#AUTO_DISABLED}}<p class="error webhook-auto-disabled" role="alert">{{T_ADMIN_WEBHOOKS_AUTO_DISABLED}} <a href="{{AUTO_LINK}}">{{AUTO_URL}}</a> ({{AUTO_WHEN}}, {{AUTO_FAILURES}} {{T_ADMIN_WEBHOOKS_FAILURES_IN_A_ROW}})</p>{{/AUTO_DISABLED}}
{{#SECRET_ONCE}}<div class="notice webhook-secret" role="status"><p>{{T_ADMIN_WEBHOOKS_SECRET_ONCE}} <strong>{{SECRET_URL}}</strong></p>
<p><code class="webhook-secret-value">{{SECRET_VALUE}}</code></p></div>{{/SECRET_ONCE}}
{{#PRIVATE_ALLOWED}}<p class="muted">{{T_ADMIN_WEBHOOKS_PRIVATE_ALLOWED}}</p>{{/PRIVATE_ALLOWED}}
{{#EMPTY}}<p class="empty">{{T_ADMIN_WEBHOOKS_EMPTY}}</p>{{/EMPTY}}
<table class="webhooks">
<thead><tr><th>{{T_ADMIN_WEBHOOKS_URL}}</th><th>{{T_ADMIN_WEBHOOKS_EVENTS}}</th><th>{{T_ADMIN_WEBHOOKS_STATE}}</th></tr></thead>
<tbody>{{#HOOK}}<tr id="webhook-{{ID}}" class="webhook {{STATE_CLASS}}"><td><a href="{{LINK}}">{{URL}}</a></td><td>{{EVENTS}}</td><td>{{STATE}}</td></tr>
{{/HOOK}}</tbody>
</table>
</section>
{{#CREATE}}<section class="card narrow admin-create">
<h2>{{T_ADMIN_WEBHOOKS_CREATE_HEADING}}</h2>
<form method="post" action="/admin/webhooks">
  <input type="hidden" name="_dp_csrf_token" value="{{CSRF}}">
  <label>{{T_ADMIN_WEBHOOKS_URL}}<input type="url" name="url" value="{{URL_VALUE}}" required maxlength="2000" placeholder="https://"></label>
  <fieldset><legend>{{T_ADMIN_WEBHOOKS_EVENTS}}</legend>
  {{#EVENT}}<label class="checkbox"><input type="checkbox" name="events" value="{{EVENT_NAME}}"{{#CHECKED}} checked{{/CHECKED}}> <code>{{EVENT_NAME}}</code></label>
  {{/EVENT}}</fieldset>
  <label>{{T_ADMIN_WEBHOOKS_SECRET}}<input type="text" name="secret" value="{{SECRET_VALUE}}" maxlength="200" autocomplete="off"></label>
  <p class="muted help">{{T_ADMIN_WEBHOOKS_SECRET_HELP}}</p>
  <button type="submit">{{T_ADMIN_WEBHOOKS_CREATE}}</button>
</form>
</section>{{/CREATE}}
