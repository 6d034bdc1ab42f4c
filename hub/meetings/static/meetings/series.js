/* Choosing a series in the meeting form proposes the number of its next meeting (the option's
   data-next-number, worked out by the server). A number the person typed is never overwritten. */
(function () {
  "use strict";
  var series = document.getElementById("id_series");
  var number = document.getElementById("id_number");
  if (!series || !number) {
    return;
  }
  // A number the server proposed (a new meeting of a series) may be replaced like one proposed here.
  var proposed = number.getAttribute("data-proposed") || "";

  series.addEventListener("change", function () {
    if (number.value !== "" && number.value !== proposed) {
      return;
    }
    var option = series.options[series.selectedIndex];
    var next = option ? option.getAttribute("data-next-number") : null;
    number.value = next || "";
    proposed = number.value;
  });
})();
