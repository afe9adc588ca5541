{{%AUTOESCAPE context="HTML"}}<section class="card wide kb-editor">
<nav class="admin-nav"><a href="{{NAV_ARTICLES}}" aria-current="page">{{T_KB_EDITOR_ARTICLES}}</a> <a href="{{NAV_NEW}}">{{T_KB_EDITOR_NEW_HEADING}}</a> <a href="{{NAV_CATEGORIES}}">{{T_KB_EDITOR_CATEGORIES_HEADING}}</a></nav>
<h1>{{T_KB_EDITOR_HEADING}}</h1>
{{#NOTICE}}<p class="notice" role="alert">{{NOTICE_TEXT}}</p>{{/NOTICE}}
{{#EMPTY}}<p class="muted">{{T_KB_EMPTY}}</p>{{/EMPTY}}
<table class="admin-table kb-editor-list">
<thead><tr><th>{{T_KB_EDITOR_TITLE}}</th><th>{{T_KB_EDITOR_STATUS}}</th>{{#LANG_HEAD}}<th>{{CODE}}</th>{{/LANG_HEAD}}<th>{{T_KB_EDITOR_UPDATED}}</th><th>{{T_KB_EDITOR_VIEWS}}</th><th></th></tr></thead>
<tbody>
{{#ARTICLE}}<tr class="article-{{ID}}">
<td><a href="{{EDIT_URL}}">{{TITLE}}</a></td>
<td class="status {{STATUS_CLASS}}">{{STATUS}}</td>
{{#LANG}}<td class="lang {{STATE_CLASS}}" data-lang="{{CODE}}">{{STATE}}</td>{{/LANG}}
<td>{{UPDATED}}</td>
<td>{{VIEWS}}</td>
<td class="actions"><form method="post" action="{{STATUS_ACTION}}"><input type="hidden" name="_dp_csrf_token" value="{{CSRF}}"><input type="hidden" name="status" value="{{NEXT_STATUS}}"><button type="submit" class="small secondary">{{STATUS_BUTTON}}</button></form></td>
</tr>
{{/ARTICLE}}</tbody>
</table>
</section>
