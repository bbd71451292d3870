/* supplements_cms: a video placeholder becomes the player when the reader asks for it.
 *
 * Until then the page loads nothing from the video's site. The player's address is built here
 * from the provider and the video id alone, both checked against the allow-list: YouTube through
 * its no-cookie domain, Vimeo with "do not track".
 */
"use strict";
(function () {
  const PLAYERS = {
    youtube: {
      id: /^[A-Za-z0-9_-]{11}$/,
      src: (id) => "https://www.youtube-nocookie.com/embed/" + id + "?autoplay=1",
    },
    vimeo: {
      id: /^[0-9]{1,12}$/,
      src: (id) => "https://player.vimeo.com/video/" + id + "?dnt=1&autoplay=1",
    },
  };

  function play(box, event) {
    const provider = box.dataset.scmsEmbed;
    const id = box.dataset.scmsEmbedId || "";
    if (!Object.prototype.hasOwnProperty.call(PLAYERS, provider) || !PLAYERS[provider].id.test(id)) {
      return; // The link goes to the video's own page instead.
    }
    event.preventDefault();
    const frame = document.createElement("iframe");
    frame.src = PLAYERS[provider].src(id);
    frame.title = box.dataset.scmsEmbedTitle || "";
    frame.allow = "autoplay; fullscreen; picture-in-picture; encrypted-media";
    frame.allowFullscreen = true;
    frame.referrerPolicy = "strict-origin-when-cross-origin";
    box.replaceChildren(frame);
    box.classList.add("scms-embed--playing");
    frame.focus();
  }

  document.addEventListener("click", (event) => {
    const link = event.target.closest && event.target.closest(".scms-embed > a");
    if (link) {
      play(link.parentElement, event);
    }
  });
})();
