// Text from the child (error messages, names, file paths in stacks) is as long as the student makes
// it. It is cut once, where it enters the grader, so nothing downstream has to think about its size.

export const MAX_STUDENT_TEXT = 2000;
export const CUT_NOTE = '… (cut)';

/** text, cut to at most max characters (plus a note saying it was cut). */
export function capStudentText(text: string, max = MAX_STUDENT_TEXT): string {
  return text.length > max ? `${text.slice(0, max)}${CUT_NOTE}` : text;
}
