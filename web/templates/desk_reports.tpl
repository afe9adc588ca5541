{{%AUTOESCAPE context="HTML"}}<section class="card wide desk-reports">
<h1>{{T_DESK_REPORTS_HEADING}}</h1>
<nav class="admin-nav" aria-label="{{T_DESK_REPORTS_RANGE}}">{{#RANGE}}<a href="/agent/reports?days={{DAYS}}"{{#CURRENT}} aria-current="page"{{/CURRENT}}>{{LABEL}}</a>{{/RANGE}}
<a href="/agent/reports.csv?days={{DAYS}}" download>{{T_DESK_REPORTS_CSV}}</a></nav>
<dl class="figures">
<div><dt>{{T_DESK_REPORTS_OPENED}}</dt><dd id="opened">{{OPENED}}</dd></div>
<div><dt>{{T_DESK_REPORTS_RESOLVED}}</dt><dd id="resolved">{{RESOLVED}}</dd></div>
<div><dt>{{T_DESK_REPORTS_MEDIAN_FIRST_RESPONSE}}</dt><dd id="first-response">{{FIRST_RESPONSE}}</dd></div>
<div><dt>{{T_DESK_REPORTS_MEDIAN_RESOLUTION}}</dt><dd id="resolution">{{RESOLUTION}}</dd></div>
<div><dt>{{T_REPORTS_SLA_BREACHES}}</dt><dd id="sla-breaches">{{SLA_BREACHES}}</dd></div>
<div><dt>{{T_DESK_REPORTS_CHATS_ANSWERED}}</dt><dd id="chats-answered">{{CHATS}}</dd></div>
<div><dt>{{T_DESK_REPORTS_DEFLECTION_VISITORS}}</dt><dd id="deflection-visitors">{{DEFLECTION_VISITORS}}</dd></div>
<div><dt>{{T_DESK_REPORTS_DEFLECTED}}</dt><dd id="deflected">{{DEFLECTED}}</dd></div>
</dl>
<h2>{{T_DESK_REPORTS_TICKETS_CHART}}</h2>
<figure>{{TICKETS_CHART:none}}</figure>
<h2>{{T_DESK_REPORTS_CHATS_CHART}}</h2>
<figure>{{CHATS_CHART:none}}</figure>
<p class="muted">{{T_DESK_REPORTS_NOTE}}</p>
</section>
