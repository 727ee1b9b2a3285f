package io.reactiveorm.tests.naming;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** Table "fk_user" with a to-one accountOwner: column account_owner_id, foreign key fk_fk_user_account_owner_id. */
@Entity
@Table(name = "fk_user")
public class FkUser {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne
    private FkOwner accountOwner;
}
