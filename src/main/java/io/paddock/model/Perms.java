package io.paddock.model;

/** ZooKeeper's ACL permission bits ({@code ZooDefs.Perms}). */
public final class Perms {
    private Perms() {}

    public static final int READ = 1;
    public static final int WRITE = 2;
    public static final int CREATE = 4;
    public static final int DELETE = 8;
    public static final int ADMIN = 16;
    public static final int ALL = READ | WRITE | CREATE | DELETE | ADMIN;
}
