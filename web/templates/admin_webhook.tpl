{{%AUTOESCAPE context="HTML"}}{{>NAV}}
<section class="card wide">
<h1>{{T_ADMIN_WEBHOOKS_EDIT_HEADING}}</h1>
<p><a href="/admin/webhooks">{{T_ADMIN_WEBHOOKS_BACK}}</a></p>
{{#ERROR}}<p class="error" role="alert">{{ALERT_TEXT}}</p>{{/ERROR}}
{{#AUTO_DISABLED}}<p class="error webhook-auto-disabled" role="alert">{{T_ADMIN_WEBHOOKS_AUTO_DISABLED}} {{AUTO_URL}} ({{AUTO_WHEN}}, {{AUTO_FAILURES}} {{T_ADMIN_WEBHOOKS_FAILURES_IN_A_ROW}})</p>{{/AUTO_DISABLED}}
<p class="webhook-summary"><code>{{URL}}</code> · <span class="webhook-state">{{STATE}}</span> · {{T_ADMIN_WEBHOOKS_CREATED}} {{CREATED}} · {{T_ADMIN_WEBHOOKS_FAILURES}} {{FAILURES}}</p>
{{#CAN_DISABLE}}<form class="inline" method="post" action="{{DISABLE_ACTION}}"><input type="hidden" name="_dp_csrf_token" value="{{CSRF}}"><button type="submit" class="small secondary">{{T_ADMIN_WEBHOOKS_DISABLE}}</button></form>{{/CAN_DISABLE}}
{{#CAN_ENABLE}}<form class="inline" method="post" action="{{ENABLE_ACTION}}"><input type="hidden" name="_dp_csrf_token" value="{{CSRF}}"><button type="submit" class="small">{{T_ADMIN_WEBHOOKS_ENABLE}}</button></form>{{/CAN_ENABLE}}
<form class="inline" method="post" action="{{DELETE_ACTION}}"><input type="hidden" name="_dp_csrf_token" value="{{CSRF}}"><button type="submit" class="small secondary">{{T_ADMIN_WEBHOOKS_DELETE}}</button></form>
<form method="post" action="{{SAVE_ACTION}}" class="webhook-edit">
  <input type="hidden" name="_dp_csrf_token" value="{{CSRF}}">
  <label>{{T_ADMIN_WEBHOOKS_URL}}<input type="url" name="url" value="{{URL_VALUE}}" required maxlength="2000"></label>
  <fieldset><legend>{{T_ADMIN_WEBHOOKS_EVENTS}}</legend>
  {{#EVENT}}<label class="checkbox"><input type="checkbox" name="events" value="{{EVENT_NAME}}"{{#CHECKED}} checked{{/CHECKED}}> <code>{{EVENT_NAME}}</code></label>
  {{/EVENT}}</fieldset>
  <label>{{T_ADMIN_WEBHOOKS_NEW_SECRET}}<input type="text" name="secret" value="{{SECRET_VALUE}}" maxlength="200" autocomplete="off"></label>
  <p class="muted help">{{T_ADMIN_WEBHOOKS_NEW_SECRET_HELP}}</p>
  <button type="submit">{{T_ADMIN_WEBHOOKS_SAVE}}</button>
</form>
</section>
<section class="card wide">
<h2>{{T_ADMIN_WEBHOOKS_LOG_HEADING}}</h2>
{{#NO_DELIVERIES}}<p class="empty">{{T_ADMIN_WEBHOOKS_LOG_EMPTY}}</p>{{/NO_DELIVERIES}}
<table class="webhook-deliveries">
<thead><tr><th>{{T_ADMIN_WEBHOOKS_LOG_EVENT}}</th><th>{{T_ADMIN_WEBHOOKS_LOG_STATUS}}</th><th>{{T_ADMIN_WEBHOOKS_LOG_ATTEMPTS}}</th><th>HTTP</th><th>{{T_ADMIN_WEBHOOKS_LOG_ERROR}}</th><th>{{T_ADMIN_WEBHOOKS_LOG_NEXT}}</th><th>{{T_ADMIN_WEBHOOKS_LOG_CREATED}}</th></tr></thead>
<tbody>{{#DELIVERY}}<tr class="delivery {{STATUS}}" data-event-id="{{EVENT_ID}}"><td><code>{{EVENT}}</code><br><small class="muted">{{EVENT_ID}}</small></td><td class="delivery-status">{{STATUS_TEXT}}</td><td class="delivery-attempts">{{ATTEMPTS}}</td><td>{{HTTP}}</td><td class="delivery-error">{{LAST_ERROR}}</td><td>{{NEXT_TRY}}</td><td>{{CREATED}}</td></tr>
{{/DELIVERY}}</tbody>
</table>
</section>
