package io.reactiveorm.tests;

import io.reactiveorm.EntityManager;
import io.reactiveorm.query.Query;
import io.reactiveorm.sql.StatementEvent;
import io.reactiveorm.tests.relations.Citizen;
import io.reactiveorm.tests.relations.Passport;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A one-to-one mapped on both ends (issue 4): the owning side holds a unique foreign key, the inverse
 * side is loaded by populate and cascades, run unchanged against every database.
 */
abstract class OneToOneContract extends OrmContract {

    @Override
    List<Class<?>> entities() {
        return List.of(Citizen.class, Passport.class);
    }

    private List<Citizen> citizensWithPassports(int n) {
        EntityManager em = orm.fork();
        List<Citizen> citizens = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Citizen citizen = new Citizen("citizen " + i);
            citizen.setPassport(new Passport("P" + i, citizen));
            citizens.add(em.persist(citizen));
        }
        await(em.flush());
        return citizens;
    }

    @Test
    void theInverseSideCascadesPersistAndTheOwnerIsInsertedFirst() {
        List<Citizen> citizens = citizensWithPassports(50);

        assertThat(log.sql("INSERT")).hasSize(2);
        assertThat(log.sql("INSERT").get(0)).contains("rel_citizen");
        assertThat(log.sql("INSERT").get(1)).contains("rel_passport");
        assertThat(sqlCount("SELECT COUNT(*) FROM %s WHERE %s = " + citizens.get(7).getId(), "rel_passport", "holder_id"))
                .isEqualTo(1);
    }

    @Test
    void populateLoadsTheInverseSideWithOneQuery() {
        citizensWithPassports(50);
        EntityManager em = orm.fork();
        log.clear();

        List<Citizen> loaded = await(em.find(Query.of(Citizen.class).populate("passport")));

        assertThat(log.count("SELECT")).isEqualTo(2);
        assertThat(loaded).hasSize(50).allSatisfy(citizen -> {
            assertThat(citizen.getPassport()).isNotNull();
            assertThat(citizen.getPassport().getHolder()).isSameAs(citizen);
        });
    }

    @Test
    void removingTheInverseSideCascadesToTheLoadedOwningSide() {
        citizensWithPassports(3);
        EntityManager em = orm.fork();
        Citizen citizen = await(em.find(Query.of(Citizen.class).populate("passport"))).get(0);
        log.clear();

        em.remove(citizen);
        await(em.flush());

        assertThat(log.sql("DELETE")).hasSize(2);
        assertThat(log.sql("DELETE").get(0)).contains("rel_passport");
        assertThat(log.sql("DELETE").get(1)).contains("rel_citizen");
        assertThat(sqlCount("SELECT COUNT(*) FROM %s", "rel_passport")).isEqualTo(2);
    }

    @Test
    void theOwningSideIsUnique() {
        List<Citizen> citizens = citizensWithPassports(1);
        EntityManager em = orm.fork();
        Citizen holder = em.getReference(Citizen.class, citizens.get(0).getId());
        em.persist(new Passport("second", holder));

        assertThatThrownBy(() -> await(em.flush())).hasMessageContaining("RO-4001");
        assertThat(sqlCount("SELECT COUNT(*) FROM %s", "rel_passport")).isEqualTo(1);
    }

    /** Nothing references a passport, so the old one is deleted before the new one takes the unique holder_id. */
    @Test
    void aReplacedOwningSideIsDeletedBeforeItsSuccessorIsInsertedInOneFlush() {
        citizensWithPassports(2);
        EntityManager em = orm.fork();
        Citizen citizen = await(em.find(Query.of(Citizen.class).populate("passport").orderBy("id"))).get(0);
        log.clear();

        em.remove(citizen.getPassport());
        Passport successor = em.persist(new Passport("renewed", citizen));
        citizen.setPassport(successor);
        await(em.flush());

        assertThat(log.events()).extracting(StatementEvent::verb).containsExactly("BEGIN", "DELETE", "INSERT", "COMMIT");
        assertThat(sqlCount("SELECT COUNT(*) FROM %s", "rel_passport")).isEqualTo(2);
        EntityManager reader = orm.fork();
        Citizen reloaded = await(reader.find(Query.of(Citizen.class).populate("passport").orderBy("id"))).get(0);
        assertThat(reloaded.getPassport().getNumber()).isEqualTo("renewed");
        assertThat(reloaded.getPassport().getId()).isEqualTo(successor.getId());
    }

    /** A deleted passport leaves its holder's inverse field, which would otherwise fail every later flush with RO-3014. */
    @Test
    void aDeletedOwningSideLeavesTheInverseFieldAndLaterFlushesWork() {
        citizensWithPassports(1);
        EntityManager em = orm.fork();
        Citizen loaded = await(em.find(Query.of(Citizen.class).populate("passport"))).get(0);

        em.remove(loaded.getPassport());
        await(em.flush());
        assertThat(loaded.getPassport()).isNull();

        em.persist(new Citizen("another"));
        await(em.flush());
        assertThat(sqlCount("SELECT COUNT(*) FROM %s", "rel_passport")).isZero();
        assertThat(sqlCount("SELECT COUNT(*) FROM %s", "rel_citizen")).isEqualTo(2);
        assertThat(em.contains(loaded)).isTrue();
    }
}
