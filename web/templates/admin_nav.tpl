{{%AUTOESCAPE context="HTML"}}<nav class="admin-nav" aria-label="{{T_ADMIN_NAV_LABEL}}">{{#ITEM}}<a href="{{URL}}"{{#CURRENT}} aria-current="page"{{/CURRENT}}>{{LABEL}}</a>{{/ITEM}}</nav>
