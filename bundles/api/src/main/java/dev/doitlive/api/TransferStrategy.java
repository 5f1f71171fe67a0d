package dev.doitlive.api;

/**
 * Whiteboard SPI: carries values the default transfer cannot. Register an implementation as an OSGi service
 * (any bundle); the runtime asks strategies in ranking order ({@code service.ranking}, highest first) before
 * its own rules, for every value it carries.
 */
public interface TransferStrategy {
    /** Returned by {@link #transfer} when the strategy does not handle the value. */
    Object PASS = new Object() {
        @Override
        public String toString() {
            return "PASS";
        }
    };

    /**
     * Converts {@code oldValue} for a field or element of type {@code targetType} of the new version.
     *
     * @param oldValue  the value held by the old version (never null)
     * @param targetType the declared type on the new side ({@code Object.class} inside collections)
     * @param migration  the transfer in progress, to migrate nested values with identity kept
     * @return the value to store, or {@link #PASS}
     * @throws Exception to fail the transfer of this value (reported with the field name)
     */
    Object transfer(Object oldValue, Class<?> targetType, Migration migration) throws Exception;

    /** The transfer in progress. */
    interface Migration {
        /** Migrates a nested value by the default rules (and the strategies), keeping identity and cycles. */
        Object migrate(Object oldValue, Class<?> targetType) throws Exception;

        /** The class loader of the new version, to find new classes by name. */
        ClassLoader newClassLoader();

        /** Whether the object's class belongs to the old version of the bundle. */
        boolean isOldVersionObject(Object value);
    }
}
