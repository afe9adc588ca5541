{{%AUTOESCAPE context="HTML"}}<section class="card narrow two-factor">
<h1>{{HEADING}}</h1>
{{#NOTICE}}<p class="notice" role="status">{{NOTICE_TEXT}}</p>{{/NOTICE}}
{{#ERROR}}<p class="error" role="alert">{{ERROR_TEXT}}</p>{{/ERROR}}
{{#INTRO}}<p>{{INTRO_TEXT}}</p>{{/INTRO}}
{{#STATUS}}<p class="two-factor-status">{{STATUS_TEXT}}</p>{{/STATUS}}
{{#ENROL}}<p>{{T_TWO_FACTOR_SCAN}}</p>
<figure class="qr" role="img" aria-label="{{T_TWO_FACTOR_QR_LABEL}}">{{QR_SVG:none}}</figure>
<p>{{T_TWO_FACTOR_URI}}</p>
<p><code class="otpauth">{{URI}}</code></p>
<p>{{T_TWO_FACTOR_SECRET}} <code class="secret">{{SECRET}}</code></p>{{/ENROL}}
{{#CODES}}<p>{{T_TWO_FACTOR_CODES_INTRO}}</p>
<ol class="recovery-codes">{{#CODE}}<li><code>{{VALUE}}</code></li>{{/CODE}}</ol>
<p><a class="button" href="{{CONTINUE_URL}}">{{T_TWO_FACTOR_CONTINUE}}</a></p>{{/CODES}}
{{#FORM}}<form method="post" action="{{ACTION}}">
  <input type="hidden" name="_dp_csrf_token" value="{{CSRF}}">
  {{#FORM_HINT}}<p>{{HINT}}</p>{{/FORM_HINT}}
  <label>{{LABEL}}<input type="text" name="code" inputmode="numeric" autocomplete="one-time-code" required maxlength="64"></label>
  <button type="submit">{{BUTTON}}</button>
</form>{{/FORM}}
</section>
