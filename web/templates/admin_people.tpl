{{%AUTOESCAPE context="HTML"}}{{>NAV}}
<section class="card wide">
<h1>{{T_ADMIN_PEOPLE_HEADING}}</h1>
{{#NOTICE}}<p class="notice" role="status">{{NOTICE_TEXT}}</p>{{/NOTICE}}
{{#ERROR}}<p class="error" role="alert">{{ALERT_TEXT}}</p>{{/ERROR}}
{{#NOTICE_ALERT}}<p class="notice" role="alert">{{ALERT_TEXT}}</p>{{/NOTICE_ALERT}}
<table class="admin-table">
<thead><tr><th>{{T_ADMIN_PEOPLE_EMAIL}}</th><th>{{T_ADMIN_PEOPLE_NAME}}</th><th>{{T_ADMIN_PEOPLE_ROLE}}</th><th>{{T_ADMIN_PEOPLE_STATE}}</th><th>{{T_ADMIN_PEOPLE_CREATED}}</th><th>{{T_ADMIN_PEOPLE_ACTIONS}}</th></tr></thead>
<tbody>
{{#PERSON}}<tr id="person-{{ID}}"{{#IS_DISABLED}} class="disabled"{{/IS_DISABLED}}>
<td>{{EMAIL}}{{#SELF}} <span class="muted">({{T_ADMIN_PEOPLE_YOU}})</span>{{/SELF}}</td>
<td>{{NAME}}</td>
<td>{{ROLE}}</td>
<td>{{STATE}}</td>
<td>{{CREATED}}</td>
<td class="actions">
<form class="inline" method="post" action="{{ROLE_ACTION}}"><input type="hidden" name="_dp_csrf_token" value="{{CSRF}}"><select name="role" aria-label="{{T_ADMIN_PEOPLE_ROLE}}">{{#ROLE_OPTION}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>{{/ROLE_OPTION}}</select> <button type="submit" class="small">{{T_ADMIN_PEOPLE_CHANGE_ROLE}}</button></form>
<form class="inline" method="post" action="{{TOGGLE_ACTION}}"><input type="hidden" name="_dp_csrf_token" value="{{CSRF}}"><button type="submit" class="small secondary">{{TOGGLE_LABEL}}</button></form>
<form class="inline" method="post" action="{{REVOKE_ACTION}}"><input type="hidden" name="_dp_csrf_token" value="{{CSRF}}"><input type="hidden" name="return_to" value="/admin/people"><button type="submit" class="small secondary">{{T_ADMIN_PEOPLE_END_SESSIONS}}</button></form>
<form class="inline" method="post" action="{{TWO_FACTOR_RESET_ACTION}}"><input type="hidden" name="_dp_csrf_token" value="{{CSRF}}"><button type="submit" class="small secondary">{{T_ADMIN_PEOPLE_RESET_TWO_FACTOR}}</button></form>
</td>
</tr>
{{/PERSON}}</tbody>
</table>
{{>PAGER}}
</section>
{{#CREATE}}<section class="card narrow admin-create">
<h2>{{T_ADMIN_PEOPLE_CREATE_HEADING}}</h2>
<form method="post" action="/admin/people">
  <input type="hidden" name="_dp_csrf_token" value="{{CSRF}}">
  <label>{{T_ADMIN_PEOPLE_EMAIL}}<input type="email" name="email" value="{{EMAIL}}" required maxlength="254" autocomplete="off"></label>
  {{#ERROR_EMAIL}}<p class="error field-error">{{ERROR_EMAIL_TEXT}}</p>{{/ERROR_EMAIL}}
  <label>{{T_ADMIN_PEOPLE_NAME}}<input type="text" name="name" value="{{NAME}}" maxlength="200" autocomplete="off"></label>
  {{#ERROR_NAME}}<p class="error field-error">{{ERROR_NAME_TEXT}}</p>{{/ERROR_NAME}}
  <label>{{T_ADMIN_PEOPLE_ROLE}}<select name="role">{{#ROLE_OPTION}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>{{/ROLE_OPTION}}</select></label>
  {{#ERROR_ROLE}}<p class="error field-error">{{ERROR_ROLE_TEXT}}</p>{{/ERROR_ROLE}}
  <label>{{T_ADMIN_PEOPLE_PASSWORD}}<input type="password" name="password" required minlength="8" maxlength="1024" autocomplete="new-password"></label>
  {{#ERROR_PASSWORD}}<p class="error field-error">{{ERROR_PASSWORD_TEXT}}</p>{{/ERROR_PASSWORD}}
  <button type="submit">{{T_ADMIN_PEOPLE_CREATE_SUBMIT}}</button>
</form>
</section>{{/CREATE}}
