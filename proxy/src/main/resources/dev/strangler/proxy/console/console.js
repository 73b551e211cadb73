// The console's one script of its own: keeps each cohort's slider and number field in step. Everything works
// without it (the server takes whichever of the two moved); htmx, loaded beside it, refreshes the overview.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("input[data-pair]").forEach(function (input) {
    var pair = document.getElementById(input.getAttribute("data-pair"));
    if (!pair) {
      return;
    }
    input.addEventListener("input", function () {
      pair.value = input.value;
    });
  });
});
