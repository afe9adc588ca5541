{{%AUTOESCAPE context="HTML"}}<section class="sessions">
<h1>{{T_SESSIONS_HEADING}}</h1>
{{#NOTICE}}<p class="notice" role="alert">{{NOTICE_TEXT}}</p>{{/NOTICE}}
<p>{{T_SESSIONS_INTRO}}</p>
<table class="list">
<thead><tr><th>{{T_SESSIONS_COL_INTERFACE}}</th><th>{{T_SESSIONS_COL_BROWSER}}</th><th>{{T_SESSIONS_COL_IP}}</th><th>{{T_SESSIONS_COL_CREATED}}</th><th>{{T_SESSIONS_COL_LAST_SEEN}}</th><th></th></tr></thead>
<tbody>
{{#SESSION}}<tr class="session{{#CURRENT}} current{{/CURRENT}}"><td>{{INTERFACE}}{{#VIA_REMEMBER}} <span class="tag">{{T_SESSIONS_VIA_REMEMBER}}</span>{{/VIA_REMEMBER}}</td><td>{{BROWSER}}{{#CURRENT}} <strong class="tag">{{T_SESSIONS_THIS_DEVICE}}</strong>{{/CURRENT}}</td><td>{{IP}}</td><td>{{CREATED}}</td><td>{{LAST_SEEN}}</td>
<td><form class="inline" method="post" action="{{END_ACTION}}"><input type="hidden" name="_dp_csrf_token" value="{{CSRF}}"><button type="submit" class="link">{{END_LABEL}}</button></form></td></tr>
{{/SESSION}}
{{#NO_SESSIONS}}<tr><td colspan="6">{{T_SESSIONS_NONE}}</td></tr>{{/NO_SESSIONS}}
</tbody>
</table>
<form method="post" action="{{END_OTHERS_ACTION}}"><input type="hidden" name="_dp_csrf_token" value="{{CSRF}}"><button type="submit">{{T_SESSIONS_END_OTHERS}}</button></form>

<h2>{{T_SESSIONS_REMEMBERED_HEADING}}</h2>
<table class="list">
<thead><tr><th>{{T_SESSIONS_COL_BROWSER}}</th><th>{{T_SESSIONS_COL_IP}}</th><th>{{T_SESSIONS_COL_CREATED}}</th><th>{{T_SESSIONS_COL_LAST_USED}}</th><th>{{T_SESSIONS_COL_EXPIRES}}</th><th></th></tr></thead>
<tbody>
{{#REMEMBERED}}<tr class="remembered{{#CURRENT}} current{{/CURRENT}}"><td>{{BROWSER}}{{#CURRENT}} <strong class="tag">{{T_SESSIONS_THIS_DEVICE}}</strong>{{/CURRENT}}</td><td>{{IP}}</td><td>{{CREATED}}</td><td>{{LAST_USED}}</td><td>{{EXPIRES}}</td>
<td><form class="inline" method="post" action="{{FORGET_ACTION}}"><input type="hidden" name="_dp_csrf_token" value="{{CSRF}}"><button type="submit" class="link">{{T_SESSIONS_FORGET}}</button></form></td></tr>
{{/REMEMBERED}}
{{#NO_REMEMBERED}}<tr><td colspan="6">{{T_SESSIONS_NONE_REMEMBERED}}</td></tr>{{/NO_REMEMBERED}}
</tbody>
</table>
</section>
