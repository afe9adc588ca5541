{{%AUTOESCAPE context="HTML"}}<section class="card">
<h1>{{HEADING}}</h1>
<p>{{T_STAFF_HOME_INTRO}}</p>
<ul class="attention">
{{#ITEM}}<li><a href="{{URL}}"><strong>{{COUNT}}</strong> {{LABEL}}</a></li>
{{/ITEM}}</ul>
</section>
