{{%AUTOESCAPE context="HTML"}}<section class="votes" id="votes" aria-labelledby="votes-heading">
<h2 id="votes-heading">{{T_ENGAGE_VOTES_HEADING}}</h2>
<form method="post" action="{{ACTION}}" class="vote-form">
  <input type="hidden" name="_dp_csrf_token" value="{{CSRF}}">
  <button type="submit" name="value" value="up" class="vote vote-up{{#MINE_UP}} mine{{/MINE_UP}}" aria-pressed="{{UP_PRESSED}}">{{T_ENGAGE_VOTES_UP}} <span class="count" data-vote="up">{{UP}}</span></button>
  <button type="submit" name="value" value="down" class="vote vote-down{{#MINE_DOWN}} mine{{/MINE_DOWN}}" aria-pressed="{{DOWN_PRESSED}}">{{T_ENGAGE_VOTES_DOWN}} <span class="count" data-vote="down">{{DOWN}}</span></button>
</form>
{{#MINE}}<p class="muted">{{T_ENGAGE_VOTES_THANKS}}</p>{{/MINE}}
</section>
