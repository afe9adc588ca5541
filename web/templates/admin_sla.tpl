{{%AUTOESCAPE context="HTML"}}{{>NAV}}
<section class="card wide">
<h1>{{T_ADMIN_SLA_HEADING}}</h1>
<p class="muted">{{T_ADMIN_SLA_INTRO}}</p>
{{#ERROR}}<p class="error" role="alert">{{ALERT_TEXT}}</p>{{/ERROR}}
<form method="post" action="/admin/sla" class="sla-form">
  <input type="hidden" name="_dp_csrf_token" value="{{CSRF}}">
  <h2>{{T_ADMIN_SLA_TARGETS_HEADING}}</h2>
  <table class="sla-targets">
    <thead><tr><th>{{T_ADMIN_SLA_PRIORITY}}</th><th>{{T_ADMIN_SLA_FIRST_RESPONSE}}</th><th>{{T_ADMIN_SLA_RESOLUTION}}</th></tr></thead>
    <tbody>{{#TARGET}}<tr><th scope="row">{{PRIORITY}}</th>
      <td><input type="number" min="1" name="{{FIRST_NAME}}" value="{{FIRST_VALUE}}" aria-label="{{PRIORITY}}: {{T_ADMIN_SLA_FIRST_RESPONSE}}"></td>
      <td><input type="number" min="1" name="{{RESOLUTION_NAME}}" value="{{RESOLUTION_VALUE}}" aria-label="{{PRIORITY}}: {{T_ADMIN_SLA_RESOLUTION}}"></td></tr>
    {{/TARGET}}</tbody>
  </table>
  <p class="muted">{{T_ADMIN_SLA_MINUTES_HINT}}</p>
  <h2>{{T_ADMIN_SLA_HOURS_HEADING}}</h2>
  <label class="check"><input type="checkbox" name="business_hours" value="on"{{#BUSINESS_HOURS_ON}} checked{{/BUSINESS_HOURS_ON}}> {{T_ADMIN_SLA_BUSINESS_HOURS}}</label>
  <label>{{T_ADMIN_SLA_TIME_ZONE}} <input type="text" name="time_zone" value="{{TIME_ZONE}}" maxlength="64" placeholder="Europe/Copenhagen"></label>
  <table class="sla-hours">
    <thead><tr><th>{{T_ADMIN_SLA_DAY}}</th><th>{{T_ADMIN_SLA_OPENS}}</th><th>{{T_ADMIN_SLA_CLOSES}}</th></tr></thead>
    <tbody>{{#DAY}}<tr><th scope="row">{{DAY_LABEL}}</th>
      <td><input type="text" name="{{OPEN_NAME}}" value="{{OPEN_VALUE}}" pattern="[0-2][0-9]:[0-5][0-9]" placeholder="09:00" aria-label="{{DAY_LABEL}}: {{T_ADMIN_SLA_OPENS}}"></td>
      <td><input type="text" name="{{CLOSE_NAME}}" value="{{CLOSE_VALUE}}" pattern="[0-2][0-9]:[0-5][0-9]" placeholder="17:00" aria-label="{{DAY_LABEL}}: {{T_ADMIN_SLA_CLOSES}}"></td></tr>
    {{/DAY}}</tbody>
  </table>
  <p class="muted">{{T_ADMIN_SLA_HOURS_HINT}}</p>
  <button type="submit">{{T_ADMIN_SLA_SAVE}}</button>
</form>
</section>
