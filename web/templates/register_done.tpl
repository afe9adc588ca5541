{{%AUTOESCAPE context="HTML"}}<section class="card narrow">
<h1>{{T_REGISTER_DONE_HEADING}}</h1>
<p>{{TEXT}}</p>
<p><a href="{{CONTINUE_URL}}">{{T_REGISTER_CONTINUE}}</a></p>
</section>
