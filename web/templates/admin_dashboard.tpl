{{%AUTOESCAPE context="HTML"}}{{>NAV}}
<section class="card">
<h1>{{T_ADMIN_DASHBOARD_HEADING}}</h1>
{{#TWO_FACTOR_OFF}}<p class="notice two-factor-off" role="status">{{T_ADMIN_DASHBOARD_TWO_FACTOR_OFF}} <a href="/admin/settings">{{T_ADMIN_DASHBOARD_TWO_FACTOR_SETTINGS}}</a></p>{{/TWO_FACTOR_OFF}}
<p><a href="/admin/account/two-factor">{{T_ADMIN_DASHBOARD_OWN_TWO_FACTOR}}</a></p>
<dl class="admin-counts">
{{#COUNT}}<div><dt><a href="{{URL}}">{{LABEL}}</a></dt><dd>{{VALUE}}</dd></div>
{{/COUNT}}</dl>
</section>
<section class="card">
<h2>{{T_ADMIN_EMBED_HEADING}}</h2>
<p>{{T_ADMIN_EMBED_INTRO}}</p>
<pre class="snippet"><code>{{EMBED_SNIPPET}}</code></pre>
<p>{{T_ADMIN_EMBED_ORIGINS}}</p>
<ul>{{#ALLOWED_ORIGIN}}<li><code>{{ORIGIN}}</code></li>{{/ALLOWED_ORIGIN}}{{#NO_ALLOWED_ORIGINS}}<li>{{T_ADMIN_EMBED_NONE}}</li>{{/NO_ALLOWED_ORIGINS}}</ul>
<p><a href="/admin/settings">{{T_ADMIN_EMBED_SETTINGS}}</a></p>
</section>
