{{%AUTOESCAPE context="HTML"}}{{>NAV}}
<section class="card wide">
<h1>{{T_ADMIN_GROUPS_HEADING}}</h1>
<p class="muted">{{T_ADMIN_GROUPS_INTRO}}</p>
{{#ERROR}}<p class="error" role="alert">{{ALERT_TEXT}}</p>{{/ERROR}}
{{#NOTICE_ALERT}}<p class="notice" role="alert">{{ALERT_TEXT}}</p>{{/NOTICE_ALERT}}
{{#NO_GROUPS}}<p class="muted">{{T_ADMIN_GROUPS_EMPTY}}</p>{{/NO_GROUPS}}
{{#GROUP}}<article class="agent-group" id="group-{{ID}}">
<h2>{{NAME}} <span class="muted">({{MEMBER_COUNT}})</span></h2>
{{#NO_MEMBERS}}<p class="muted">{{T_ADMIN_GROUPS_NO_MEMBERS}}</p>{{/NO_MEMBERS}}
<ul class="group-members">{{#MEMBER}}<li>{{MEMBER_NAME}} <span class="muted">&lt;{{MEMBER_EMAIL}}&gt;</span>
<form class="inline" method="post" action="{{REMOVE_ACTION}}"><input type="hidden" name="_dp_csrf_token" value="{{CSRF}}"><button type="submit" class="small secondary">{{T_ADMIN_GROUPS_REMOVE}}</button></form></li>
{{/MEMBER}}</ul>
<form class="inline" method="post" action="{{ADD_ACTION}}"><input type="hidden" name="_dp_csrf_token" value="{{CSRF}}"><label>{{T_ADMIN_GROUPS_MEMBER_EMAIL}} <input type="email" name="email" value="{{EMAIL_VALUE}}" required maxlength="254"></label> <button type="submit" class="small">{{T_ADMIN_GROUPS_ADD}}</button></form>
<form class="inline" method="post" action="{{RENAME_ACTION}}"><input type="hidden" name="_dp_csrf_token" value="{{CSRF}}"><label>{{T_ADMIN_GROUPS_NAME}} <input type="text" name="name" value="{{RENAME_VALUE}}" required maxlength="200"></label> <button type="submit" class="small secondary">{{T_ADMIN_GROUPS_RENAME}}</button></form>
<form class="inline" method="post" action="{{DELETE_ACTION}}"><input type="hidden" name="_dp_csrf_token" value="{{CSRF}}"><button type="submit" class="small secondary">{{T_ADMIN_GROUPS_DELETE}}</button></form>
</article>
{{/GROUP}}
</section>
<section class="card narrow admin-create">
<h2>{{T_ADMIN_GROUPS_CREATE_HEADING}}</h2>
<form method="post" action="/admin/groups">
  <input type="hidden" name="_dp_csrf_token" value="{{CSRF}}">
  <label>{{T_ADMIN_GROUPS_NAME}}<input type="text" name="name" value="{{NEW_NAME}}" required maxlength="200"></label>
  <button type="submit">{{T_ADMIN_GROUPS_CREATE}}</button>
</form>
</section>
