{{%AUTOESCAPE context="HTML"}}{{>NAV}}
<section class="card wide">
<h1>{{T_ADMIN_MAIL_HEADING}}</h1>
<p class="muted">{{T_ADMIN_MAIL_INTRO}}</p>
{{#NOTICE}}<p class="notice" role="status">{{NOTICE_TEXT}}</p>{{/NOTICE}}
{{#ERROR}}<p class="error" role="alert">{{ALERT_TEXT}}</p>{{/ERROR}}
{{#EMPTY}}<p class="empty">{{T_ADMIN_MAIL_EMPTY}}</p>{{/EMPTY}}
{{#MAIL}}<article class="quarantined" id="mail-{{ID}}">
<p><strong>{{REASON}}</strong> · {{RECEIVED}} · {{SOURCE}} · {{SIZE}} {{T_ADMIN_MAIL_BYTES}}</p>
<pre class="mail-preview">{{PREVIEW}}</pre>
<form class="inline" method="post" action="{{REPROCESS_ACTION}}"><input type="hidden" name="_dp_csrf_token" value="{{CSRF}}"><button type="submit" class="small">{{T_ADMIN_MAIL_REPROCESS}}</button></form>
<form class="inline" method="post" action="{{DELETE_ACTION}}"><input type="hidden" name="_dp_csrf_token" value="{{CSRF}}"><button type="submit" class="small secondary">{{T_ADMIN_MAIL_DELETE}}</button></form>
</article>
{{/MAIL}}</section>
