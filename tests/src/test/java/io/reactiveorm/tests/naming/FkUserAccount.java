package io.reactiveorm.tests.naming;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** Table "fk_user_account" with a to-one owner: column owner_id, foreign key fk_fk_user_account_owner_id, the same name. */
@Entity
@Table(name = "fk_user_account")
public class FkUserAccount {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne
    private FkOwner owner;
}
