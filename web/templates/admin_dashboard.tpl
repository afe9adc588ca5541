{{%AUTOESCAPE context="HTML"}}{{>NAV}}
<section class="card">
<h1>{{T_ADMIN_DASHBOARD_HEADING}}</h1>
<dl class="admin-counts">
{{#COUNT}}<div><dt><a href="{{URL}}">{{LABEL}}</a></dt><dd>{{VALUE}}</dd></div>
{{/COUNT}}</dl>
</section>
