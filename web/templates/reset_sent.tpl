{{%AUTOESCAPE context="HTML"}}<section class="card narrow">
<h1>{{T_RESET_HEADING}}</h1>
<p role="status">{{TEXT}}</p>
<p>{{#ASK_AGAIN}}<a href="/reset-password">{{T_RESET_ASK_AGAIN}}</a> · {{/ASK_AGAIN}}<a href="/login">{{T_NAV_LOGIN}}</a></p>
</section>
