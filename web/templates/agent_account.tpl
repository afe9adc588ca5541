{{%AUTOESCAPE context="HTML"}}<section class="card narrow">
<h1>{{T_DESK_NOTIFY_PREF_HEADING}}</h1>
<p class="muted">{{EMAIL}}</p>
{{#ERROR}}<p class="error" role="alert">{{ALERT_TEXT}}</p>{{/ERROR}}
<form method="post" action="/agent/account/notifications" id="notify-form">
  <input type="hidden" name="_dp_csrf_token" value="{{CSRF}}">
  <label class="check"><input type="checkbox" name="notify_email" value="on"{{#NOTIFY_EMAIL_ON}} checked{{/NOTIFY_EMAIL_ON}}> {{T_DESK_NOTIFY_PREF_EMAIL}}</label>
  <button type="submit">{{T_DESK_NOTIFY_PREF_SAVE}}</button>
</form>
<p><a href="/agent/account/two-factor">{{T_TWO_FACTOR_ENROL_HEADING}}</a> · <a href="/agent/sessions">{{T_SESSIONS_HEADING}}</a></p>
</section>
