package dev.doitlive.runtime.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The resolver's explanations in a performer's words: which package is missing, at which versions, through whom. */
class FailuresTest {
    @Test
    void aMissingPackageIsNamedWithItsVersionsOnce() {
        String felix = "Unable to resolve example.show.wave [27](R 27.0): missing requirement [example.show.wave [27](R 27.0)]"
                + " osgi.wiring.package; (&(osgi.wiring.package=example.show.api)(version>=1.1.0)(!(version>=2.0.0)))"
                + " Unresolved requirements: [[example.show.wave [27](R 27.0)] osgi.wiring.package;"
                + " (&(osgi.wiring.package=example.show.api)(version>=1.1.0)(!(version>=2.0.0)))]";
        assertEquals("it imports package example.show.api 1.1.0 up to 2.0.0, which no bundle exports in that range (install the"
                + " bundle that does: its jar, a source folder or a --dev module that exports it)", Failures.inWords(Failures.once(felix)));
    }

    @Test
    void throughABundleThatDoesNotResolveItselfTheChainIsSaid() {
        String felix = "Unable to resolve t.user [30](R 30.0): missing requirement [t.user [30](R 30.0)] osgi.wiring.package;"
                + " (&(osgi.wiring.package=t.api)(version>=1.0.0)(!(version>=2.0.0))) [caused by: Unable to resolve t.api [29](R 29.0):"
                + " missing requirement [t.api [29](R 29.0)] osgi.wiring.package; (osgi.wiring.package=t.nowhere)]"
                + " Unresolved requirements: [[t.user [30](R 30.0)] osgi.wiring.package; (&(osgi.wiring.package=t.api)(version>=1.0.0))]";
        assertEquals("it imports package t.api 1.0.0 up to 2.0.0 from t.api, which does not resolve: t.api imports package t.nowhere,"
                + " which no bundle exports (install the bundle that does: its jar, a source folder or a --dev module that exports it)",
                Failures.inWords(Failures.once(felix)));
    }

    @Test
    void otherRequirementsStayInTheResolversWords() {
        String felix = "Unable to resolve t.x [3](R 3.0): missing requirement [t.x [3](R 3.0)] osgi.ee; (osgi.ee=JavaSE-99)"
                + " Unresolved requirements: [[t.x [3](R 3.0)] osgi.ee; (osgi.ee=JavaSE-99)]";
        assertEquals("Unable to resolve t.x [3](R 3.0): missing requirement [t.x [3](R 3.0)] osgi.ee; (osgi.ee=JavaSE-99)", Failures.inWords(Failures.once(felix)));
    }

    @Test
    void whatComesBeforeTheResolversWordsStays() {
        assertEquals("does not resolve: it imports package t.api, which no bundle exports (install the bundle that does: its jar, a"
                + " source folder or a --dev module that exports it)", Failures.inWords("does not resolve: Unable to resolve t.u [4](R 4.0):"
                + " missing requirement [t.u [4](R 4.0)] osgi.wiring.package; (osgi.wiring.package=t.api)"));
    }
}
