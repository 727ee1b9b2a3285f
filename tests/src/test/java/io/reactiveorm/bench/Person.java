package io.reactiveorm.bench;

import java.time.Instant;

/**
 * One row of table {@code person} as the raw contenders hold it: plain mutable fields, no
 * accessors, so mapping costs what hand-written code costs.
 *
 * <p>Thread-safety: none; each instance belongs to one workload run.
 */
final class Person {

    long id;
    String name;
    String email;
    int age;
    Instant createdAt;

    /** Person {@code i} of {@link SampleData}, not yet inserted (id 0). */
    static Person sample(int i) {
        Person person = new Person();
        person.name = SampleData.name(i);
        person.email = SampleData.email(i);
        person.age = SampleData.age(i);
        person.createdAt = SampleData.createdAt(i);
        return person;
    }
}
