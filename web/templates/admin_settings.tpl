{{%AUTOESCAPE context="HTML"}}{{>NAV}}
<section class="card">
<h1>{{T_ADMIN_SETTINGS_HEADING}}</h1>
<p class="muted">{{T_ADMIN_SETTINGS_INTRO}}</p>
{{#ERROR}}<p class="error" role="alert">{{ALERT_TEXT}}</p>{{/ERROR}}
{{#NOTICE_ALERT}}<p class="notice" role="alert">{{ALERT_TEXT}}</p>{{/NOTICE_ALERT}}
<form method="post" action="/admin/settings" class="admin-settings">
  <input type="hidden" name="_dp_csrf_token" value="{{CSRF}}">
  {{#SETTING}}<div class="setting{{#INVALID}} invalid{{/INVALID}}">
    <label for="setting-{{KEY}}"><code>{{KEY}}</code></label>
    <p class="muted help">{{HELP}}</p>
    {{#SELECT}}<select id="setting-{{KEY}}" name="{{KEY}}">{{#OPTION}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>{{/OPTION}}</select>{{/SELECT}}
    {{#INPUT}}<input id="setting-{{KEY}}" type="text" name="{{KEY}}" value="{{VALUE}}"{{#NUMERIC}} inputmode="numeric"{{/NUMERIC}} maxlength="2048">{{/INPUT}}
    {{#FIELD_ERROR}}<p class="error field-error" role="alert">{{ERROR_TEXT}}</p>{{/FIELD_ERROR}}
  </div>
  {{/SETTING}}<button type="submit">{{T_ADMIN_SETTINGS_SAVE}}</button>
</form>
</section>
