{{%AUTOESCAPE context="HTML"}}<section class="card">
<h1>{{HEADING}}</h1>
</section>
