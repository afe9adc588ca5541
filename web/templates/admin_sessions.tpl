{{%AUTOESCAPE context="HTML"}}{{>NAV}}
<section class="card wide">
<h1>{{T_ADMIN_SESSIONS_HEADING}}</h1>
{{#NOTICE}}<p class="notice" role="status">{{NOTICE_TEXT}}</p>{{/NOTICE}}
{{#ERROR}}<p class="error" role="alert">{{ALERT_TEXT}}</p>{{/ERROR}}
<table class="admin-table">
<thead><tr><th>{{T_ADMIN_SESSIONS_PERSON}}</th><th>{{T_ADMIN_SESSIONS_INTERFACE}}</th><th>{{T_ADMIN_SESSIONS_CREATED}}</th><th>{{T_ADMIN_SESSIONS_LAST_SEEN}}</th><th>{{T_ADMIN_SESSIONS_IP}}</th><th>{{T_ADMIN_SESSIONS_BROWSER}}</th><th>{{T_ADMIN_SESSIONS_VIA_REMEMBER}}</th><th>{{T_ADMIN_PEOPLE_ACTIONS}}</th></tr></thead>
<tbody>
{{#SESSION}}<tr class="session">
<td>{{PERSON}}{{#CURRENT}} <span class="muted">({{T_ADMIN_SESSIONS_THIS_ONE}})</span>{{/CURRENT}}</td>
<td>{{INTERFACE}}</td>
<td>{{CREATED}}</td>
<td>{{LAST_SEEN}}</td>
<td>{{IP}}</td>
<td title="{{FULL_BROWSER}}">{{BROWSER}}</td>
<td>{{VIA_REMEMBER}}</td>
<td class="actions">
<form class="inline" method="post" action="{{REVOKE_ACTION}}"><input type="hidden" name="_dp_csrf_token" value="{{CSRF}}"><button type="submit" class="small secondary">{{T_ADMIN_SESSIONS_REVOKE}}</button></form>
{{#REVOKE_ALL}}<form class="inline" method="post" action="{{ACTION}}"><input type="hidden" name="_dp_csrf_token" value="{{CSRF}}"><button type="submit" class="small secondary">{{T_ADMIN_SESSIONS_REVOKE_ALL}}</button></form>{{/REVOKE_ALL}}
</td>
</tr>
{{/SESSION}}</tbody>
</table>
{{>SESSIONS_PAGER}}
<h2>{{T_ADMIN_SESSIONS_REMEMBERED_HEADING}}</h2>
<table class="admin-table">
<thead><tr><th>{{T_ADMIN_SESSIONS_PERSON}}</th><th>{{T_ADMIN_SESSIONS_AUDIENCE}}</th><th>{{T_ADMIN_SESSIONS_CREATED}}</th><th>{{T_ADMIN_SESSIONS_LAST_USED}}</th><th>{{T_ADMIN_SESSIONS_EXPIRES}}</th><th>{{T_ADMIN_SESSIONS_IP}}</th><th>{{T_ADMIN_SESSIONS_BROWSER}}</th><th>{{T_ADMIN_PEOPLE_ACTIONS}}</th></tr></thead>
<tbody>
{{#TOKEN}}<tr class="remembered">
<td>{{PERSON}}</td>
<td>{{AUDIENCE}}</td>
<td>{{CREATED}}</td>
<td>{{LAST_USED}}</td>
<td>{{EXPIRES}}</td>
<td>{{IP}}</td>
<td title="{{FULL_BROWSER}}">{{BROWSER}}</td>
<td class="actions"><form class="inline" method="post" action="{{REVOKE_ACTION}}"><input type="hidden" name="_dp_csrf_token" value="{{CSRF}}"><button type="submit" class="small secondary">{{T_ADMIN_SESSIONS_REVOKE}}</button></form></td>
</tr>
{{/TOKEN}}</tbody>
</table>
{{>TOKENS_PAGER}}
</section>
