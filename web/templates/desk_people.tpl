{{%AUTOESCAPE context="HTML"}}<section class="card wide">
<h1>{{T_DESK_PEOPLE_HEADING}}</h1>
<form method="get" action="/agent/people" role="search">
<label>{{T_DESK_PEOPLE_FILTER}} <input type="search" name="q" value="{{Q}}" maxlength="200"></label>
<button type="submit">{{T_DESK_SEARCH_SUBMIT}}</button>
</form>
{{#EMPTY}}<p class="muted">{{T_DESK_PEOPLE_EMPTY}}</p>{{/EMPTY}}
{{#ORG}}<section class="org">
<h2>{{DOMAIN}}</h2>
<table class="admin-table">
<thead><tr><th>{{T_DESK_PEOPLE_COL_NAME}}</th><th>{{T_DESK_PEOPLE_COL_EMAIL}}</th><th>{{T_DESK_PEOPLE_COL_ROLE}}</th><th>{{T_DESK_PEOPLE_COL_TICKETS}}</th></tr></thead>
<tbody>
{{#PERSON}}<tr class="person"><td><a href="{{URL}}">{{NAME}}</a>{{#DISABLED}} <span class="muted">({{T_DESK_PEOPLE_DISABLED}})</span>{{/DISABLED}}</td><td>{{EMAIL}}</td><td>{{ROLE}}</td><td>{{TICKETS}}</td></tr>
{{/PERSON}}</tbody>
</table>
</section>{{/ORG}}
<nav class="pager">{{#PREV}}<a rel="prev" href="{{PREV_URL}}">{{T_TICKETS_PAGER_PREV}}</a>{{/PREV}} {{#NEXT}}<a rel="next" href="{{NEXT_URL}}">{{T_TICKETS_PAGER_NEXT}}</a>{{/NEXT}}</nav>
</section>
