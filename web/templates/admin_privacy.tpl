{{%AUTOESCAPE context="HTML"}}{{>NAV}}
<section class="card">
<h1>{{T_ADMIN_PRIVACY_HEADING}}</h1>
<p class="muted">{{T_ADMIN_PRIVACY_INTRO}}</p>
{{#ERROR}}<p class="error" role="alert">{{ALERT_TEXT}}</p>{{/ERROR}}
{{#NOTICE_ALERT}}<p class="notice" role="alert">{{ALERT_TEXT}}</p>{{/NOTICE_ALERT}}
{{#EXPORT}}<h2>{{T_ADMIN_PRIVACY_EXPORT_HEADING}}</h2>
<p class="muted">{{T_ADMIN_PRIVACY_EXPORT_HELP}}</p>
<form method="post" action="/admin/privacy/export" class="privacy-export">
  <input type="hidden" name="_dp_csrf_token" value="{{CSRF}}">
  <label>{{T_ADMIN_PRIVACY_EMAIL}}<input type="email" name="email" value="{{EMAIL}}" maxlength="254"></label>
  <label>{{T_ADMIN_PRIVACY_VISITOR}}<input type="text" name="visitor" value="{{VISITOR}}" maxlength="64"></label>
  <button type="submit">{{T_ADMIN_PRIVACY_EXPORT}}</button>
</form>{{/EXPORT}}
{{#ERASE}}<h2>{{T_ADMIN_PRIVACY_ERASE_HEADING}}</h2>
<p class="muted">{{T_ADMIN_PRIVACY_ERASE_HELP}}</p>
<form method="post" action="/admin/privacy/erase" class="privacy-erase">
  <input type="hidden" name="_dp_csrf_token" value="{{CSRF}}">
  <label>{{T_ADMIN_PRIVACY_EMAIL}}<input type="email" name="email" value="{{EMAIL}}" maxlength="254"></label>
  <label>{{T_ADMIN_PRIVACY_VISITOR}}<input type="text" name="visitor" value="{{VISITOR}}" maxlength="64"></label>
  <label>{{T_ADMIN_PRIVACY_CONFIRM}}<input type="text" name="confirm" value="{{CONFIRM}}" maxlength="254" autocomplete="off"></label>
  <button type="submit" class="danger">{{T_ADMIN_PRIVACY_ERASE}}</button>
</form>{{/ERASE}}
<h2>{{T_ADMIN_PRIVACY_RETENTION_HEADING}}</h2>
<p>{{RETENTION_TEXT}}</p>
</section>
