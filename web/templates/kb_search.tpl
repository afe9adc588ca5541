{{%AUTOESCAPE context="HTML"}}<section class="kb kb-search">
<h1>{{T_KB_SEARCH_HEADING}}</h1>
<form class="search" method="get" action="{{SEARCH_ACTION}}" role="search">
  <input type="search" name="q" value="{{QUERY}}" placeholder="{{T_SEARCH_PLACEHOLDER}}" aria-label="{{T_SEARCH_PLACEHOLDER}}" maxlength="200">
  <button type="submit">{{T_SEARCH_BUTTON}}</button>
</form>
{{#HEADING}}<h2>{{RESULTS_FOR}}</h2>{{/HEADING}}
{{#NOTICE}}<p class="notice" role="status">{{MESSAGE}}</p>{{/NOTICE}}
<ol class="kb-hits">
{{#HIT}}<li><a href="{{URL}}">{{TITLE_HTML:none}}</a><p class="snippet">{{SNIPPET_HTML:none}}</p></li>
{{/HIT}}</ol>
{{#NEXT}}<p><a href="{{NEXT_URL}}" rel="next">{{T_KB_SEARCH_MORE}}</a></p>{{/NEXT}}
</section>
