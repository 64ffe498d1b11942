"""Nothing of the case record is registered in the Django admin, on purpose: administrators have no
access to case content. When they must look into a case, they use "break the glass"
(``cases:break_glass``), which asks for a reason and logs it in the access log."""
