{{%AUTOESCAPE context="HTML"}}<section class="card">
<h1>{{T_CSRF_HEADING}}</h1>
<p class="notice" role="alert">{{NOTICE_TEXT}}</p>
<form method="post" action="{{ACTION}}">
  <input type="hidden" name="_dp_csrf_token" value="{{CSRF}}">
  {{#FIELD}}<label>{{NAME}}<textarea name="{{NAME}}" rows="{{ROWS}}">{{VALUE}}</textarea></label>
  {{/FIELD}}<button type="submit">{{T_FORM_SUBMIT_AGAIN}}</button>
</form>
</section>
