{{%AUTOESCAPE context="HTML"}}{{>NAV}}
<section class="card wide">
<h1>{{T_ADMIN_AUDIT_HEADING}}</h1>
{{#NOTICE}}<p class="notice" role="status">{{NOTICE_TEXT}}</p>{{/NOTICE}}
<form method="get" action="/admin/audit" class="admin-filters">
  <label>{{T_ADMIN_AUDIT_PERSON}}<input type="text" name="person" value="{{PERSON}}" maxlength="254" placeholder="{{T_ADMIN_AUDIT_PERSON_HINT}}"></label>
  <label>{{T_ADMIN_AUDIT_EVENT}}<select name="event"><option value="">{{T_ADMIN_AUDIT_ANY_EVENT}}</option>{{#EVENT_OPTION}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>{{/EVENT_OPTION}}</select></label>
  <label>{{T_ADMIN_AUDIT_SINCE}}<input type="date" name="since" value="{{SINCE}}"></label>
  <label>{{T_ADMIN_AUDIT_UNTIL}}<input type="date" name="until" value="{{UNTIL}}"></label>
  <button type="submit">{{T_ADMIN_AUDIT_FILTER}}</button>
</form>
<table class="admin-table">
<thead><tr><th>{{T_ADMIN_AUDIT_WHEN}}</th><th>{{T_ADMIN_AUDIT_EVENT}}</th><th>{{T_ADMIN_AUDIT_PERSON}}</th><th>{{T_ADMIN_AUDIT_IP}}</th><th>{{T_ADMIN_AUDIT_DETAIL}}</th></tr></thead>
<tbody>
{{#EVENT}}<tr class="audit-event" data-event="{{NAME}}">
<td>{{WHEN}}</td>
<td>{{LABEL}}</td>
<td>{{EMAIL}}{{#HAS_PERSON}} <span class="muted">#{{PERSON_ID}}</span>{{/HAS_PERSON}}</td>
<td>{{IP}}</td>
<td>{{DETAIL}}</td>
</tr>
{{/EVENT}}</tbody>
</table>
{{#EMPTY}}<p class="muted">{{T_ADMIN_AUDIT_EMPTY}}</p>{{/EMPTY}}
{{>PAGER}}
</section>
