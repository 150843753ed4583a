package org.phirecords.internal.config;

/** Where one kind of data lives: a connection string and a database name. */
public record StoreSettings(String uri, String database) {}
