// V8 lays out an object's number field by the first number stored in it: the integer 0 gives a small-integer field.
// A field of nanoseconds or bytes that passes 2^30, or of pages split over zones, later holds a double; the field is
// then laid out again, and every compiled function that read it is thrown away and compiled anew (--trace-deopt:
// "code dependencies", "wrong map", "not a Smi"). A field that starts at DOUBLE_ZERO is a double from the start.

/** Zero as a double (-0). It adds, compares and serialises as 0 (x + -0 = x, -0 === 0, JSON "0"), but
 *  toLocaleString() prints "-0" and Object.is() tells it apart: a field read before anything is added to it is set
 *  to 0 in the constructor after (a field laid out as a double keeps that layout, and then holds +0). */
export const DOUBLE_ZERO = -0;
