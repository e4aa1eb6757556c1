package dev.driftgate.core.llm;

import java.util.function.LongSupplier;

/**
 * A token bucket that hands out reservations: a caller takes what it needs at once, the balance may
 * go negative, and the caller waits until its share has refilled. Waits are therefore first come,
 * first served, and a request larger than the bucket still passes (it just waits longer).
 */
final class TokenBucket implements RateBucket {
    private final double capacity;
    private final double refillPerNano;
    private final LongSupplier nanoClock;
    private double available;
    private long lastRefill;

    TokenBucket(double capacity, double refillPerSecond, LongSupplier nanoClock) {
        if (capacity <= 0 || refillPerSecond <= 0) {
            throw new IllegalArgumentException("token bucket needs capacity and refill rate > 0");
        }
        this.capacity = capacity;
        this.refillPerNano = refillPerSecond / 1e9;
        this.nanoClock = nanoClock;
        this.available = capacity;
        this.lastRefill = nanoClock.getAsLong();
    }

    /** Takes {@code amount} now and returns how many nanoseconds the caller must wait before using it. */
    @Override
    public synchronized long reserve(double amount) {
        refill();
        available -= amount;
        return available >= 0 ? 0 : (long) Math.ceil(-available / refillPerNano);
    }

    /** Takes {@code amount} without waiting (e.g. output tokens known only after the call). */
    @Override
    public synchronized void debit(double amount) {
        refill();
        available -= amount;
    }

    private void refill() {
        long now = nanoClock.getAsLong();
        available = Math.min(capacity, available + (now - lastRefill) * refillPerNano);
        lastRefill = now;
    }
}
