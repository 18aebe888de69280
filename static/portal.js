// Submits a code form once six digits are typed or pasted, as authenticator users expect,
// and shows the print button of the backup codes. The pages work the same without this script.
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("button[data-print]")) {
    button.hidden = false;
    button.addEventListener("click", () => window.print());
  }
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
