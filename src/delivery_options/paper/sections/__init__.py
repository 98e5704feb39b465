"""The options paper's sections, one module each, so that a section can be read, tested and
changed alone. The paper follows the Green Book's five cases (HM Treasury, The Green Book, 2022;
Business Case Guidance, 2018): strategic, economic, commercial, financial and management. Each
module's ``section(doc, c)`` adds its blocks to the document from the paper's context."""
