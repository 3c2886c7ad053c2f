package dev.kata.runtime.testing;

/**
 * Helps a test check what a learner's error message must give (a number, a file) without requiring
 * words the module's README does not state: the phrasing is the learner's.
 */
public final class MessageChecks {

    private MessageChecks() {
    }

    /**
     * A pattern that finds {@code n} as a whole number in a text: "offset 108" gives 108, not 8 or
     * 10. For AssertJ's {@code hasMessageFindingMatch} and {@code containsPattern}.
     */
    public static String wholeNumber(long n) {
        return "(?<![0-9])" + n + "(?![0-9])";
    }
}
