{{%AUTOESCAPE context="HTML"}}<link rel="stylesheet" href="{{STYLE_URL}}">
<section class="card wide chat-console" id="chat-console" data-me="{{AGENT_ID}}" data-strings="{{STRINGS_JSON}}" data-canned="{{CANNED_JSON}}" data-agent-name="{{AGENT_NAME}}">
<header class="chat-bar">
  <h1>{{T_MESSENGER_AGENT_HEADING}}</h1>
  <label class="chat-toggle"><input type="checkbox" id="chat-presence" checked> {{T_MESSENGER_AGENT_PRESENCE_LABEL}}</label>
  <label class="chat-toggle"><input type="checkbox" id="chat-sound" checked> {{T_MESSENGER_AGENT_SOUND_LABEL}}</label>
  <span id="chat-connection" class="chat-connection" role="status">{{T_MESSENGER_AGENT_CONNECTING}}</span>
</header>
<p id="chat-error" class="chat-error" role="alert" hidden></p>
<div class="chat-layout">
  <aside class="chat-queue" id="chat-queue-box" aria-labelledby="chat-queue-heading">
    <h2 id="chat-queue-heading">{{T_MESSENGER_AGENT_QUEUE}} <span id="chat-queue-count" class="chat-count">0</span></h2>
    <ol id="chat-queue" class="chat-queue-list"></ol>
    <p id="chat-queue-more" class="muted" hidden></p>
    <p id="chat-queue-empty" class="muted">{{T_MESSENGER_AGENT_QUEUE_EMPTY}}</p>
  </aside>
  <div id="chat-panes" class="chat-panes">
    <p id="chat-none" class="muted">{{T_MESSENGER_AGENT_NONE}}</p>
  </div>
</div>
<noscript><p>{{T_MESSENGER_AGENT_NOSCRIPT}}</p></noscript>
</section>
<script src="{{SCRIPT_URL}}" defer></script>
<script src="{{CANNED_SCRIPT_URL}}" defer></script>
{{>DESK_NOTIFY}}
