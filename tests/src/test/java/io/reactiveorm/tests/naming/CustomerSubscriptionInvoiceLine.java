package io.reactiveorm.tests.naming;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;

/**
 * Table customer_subscription_invoice_line (34 characters), to-one column billing_account_reference_id
 * (28): both legal everywhere, the foreign key's name fk_..._id has 66 characters.
 */
@Entity
public class CustomerSubscriptionInvoiceLine {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne
    private FkOwner billingAccountReference;
}
