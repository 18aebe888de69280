// Submits a code form once six digits are typed or pasted, as authenticator users expect.
// The form works the same without this script.
document.addEventListener("DOMContentLoaded", () => {
  for (const input of document.querySelectorAll("input[data-autosubmit]")) {
    let sent = false;
    input.addEventListener("input", () => {
      const digits = input.value.replace(/\D/g, "");
      if (digits.length === 6 && !sent) {
        sent = true;
        input.value = digits;
        input.form.requestSubmit();
      }
    });
  }
});
