{{%AUTOESCAPE context="HTML"}}<section class="card narrow">
<h1>{{T_TICKETS_CREATED_HEADING}}</h1>
<p class="ticket-ref"><strong>{{REF}}</strong></p>
<p>{{TEXT}}</p>
<p><a href="/tickets/{{REF}}">{{T_TICKETS_VIEW_TICKET}}</a></p>
</section>
