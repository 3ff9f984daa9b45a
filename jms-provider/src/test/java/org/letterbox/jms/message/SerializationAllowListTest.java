package org.letterbox.jms.message;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SerializationAllowListTest {

    @Test
    void starAllowsEveryClass() {
        assertTrue(SerializationAllowList.parse("*").allows("com.evil.Gadget"));
        assertTrue(SerializationAllowList.parse("com.acme, *").allows("com.evil.Gadget"));
    }

    @Test
    void prefixMatchesItsPackageAndSubPackagesOnly() {
        SerializationAllowList list = SerializationAllowList.parse("com.acme");
        assertTrue(list.allows("com.acme.Order"));
        assertTrue(list.allows("com.acme.sales.Order"));
        assertFalse(list.allows("com.acmecorp.Order"));
        assertFalse(list.allows("com.Order"));
    }

    @Test
    void trailingWildcardOrDotIsTheSamePrefix() {
        assertTrue(SerializationAllowList.parse("com.acme.*").allows("com.acme.Order"));
        assertTrue(SerializationAllowList.parse("com.acme.").allows("com.acme.Order"));
        assertFalse(SerializationAllowList.parse("com.acme.*").allows("com.acmex.Order"));
    }

    @Test
    void anEntryMayNameOneClass() {
        SerializationAllowList list = SerializationAllowList.parse("com.acme.Order");
        assertTrue(list.allows("com.acme.Order"));
        assertFalse(list.allows("com.acme.Invoice"));
    }

    @Test
    void arraysAreJudgedByTheirElementClass() {
        SerializationAllowList list = SerializationAllowList.parse("com.acme");
        assertTrue(list.allows("[Lcom.acme.Order;"));
        assertTrue(list.allows("[[Lcom.acme.Order;"));
        assertFalse(list.allows("[Lcom.evil.Gadget;"));
        assertTrue(list.allows("[I"));
        assertTrue(list.allows("[[B"));
    }

    @Test
    void javaLangButNotItsSubPackagesIsAlwaysAllowed() {
        SerializationAllowList list = SerializationAllowList.parse("com.acme");
        assertTrue(list.allows("java.lang.String"));
        assertTrue(list.allows("java.lang.Integer"));
        assertTrue(list.allows("java.lang.Number"));
        assertFalse(list.allows("java.lang.invoke.SerializedLambda"));
        assertFalse(list.allows("java.util.HashMap"));
    }

    @Test
    void emptyListAllowsOnlyJavaLang() {
        SerializationAllowList list = SerializationAllowList.parse(" , ");
        assertFalse(list.allows("com.acme.Order"));
        assertTrue(list.allows("java.lang.Long"));
    }
}
